-- AlterTable
ALTER TABLE `Site` ADD COLUMN `widgetSettings` JSON NULL;
