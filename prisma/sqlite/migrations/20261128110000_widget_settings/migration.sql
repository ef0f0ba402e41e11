-- AlterTable
ALTER TABLE "Site" ADD COLUMN "widgetSettings" JSONB;
