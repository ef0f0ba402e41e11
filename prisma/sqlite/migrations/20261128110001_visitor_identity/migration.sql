-- AlterTable
ALTER TABLE "Site" ADD COLUMN "identitySecret" TEXT;

-- AlterTable
ALTER TABLE "Visitor" ADD COLUMN "attributes" JSONB;
ALTER TABLE "Visitor" ADD COLUMN "avatarUrl" TEXT;
ALTER TABLE "Visitor" ADD COLUMN "externalId" TEXT;
ALTER TABLE "Visitor" ADD COLUMN "identityVerified" BOOLEAN NOT NULL DEFAULT false;
