-- The language a person picked for the inbox and dashboard; NULL follows the organization default.
ALTER TABLE "User" ADD COLUMN "language" TEXT;
