-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "ratingScore" INTEGER;
ALTER TABLE "Conversation" ADD COLUMN "ratingComment" TEXT;
ALTER TABLE "Conversation" ADD COLUMN "ratedAt" DATETIME;
