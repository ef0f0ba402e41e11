-- AlterTable
ALTER TABLE `Conversation` ADD COLUMN `ratingScore` INTEGER NULL,
    ADD COLUMN `ratingComment` VARCHAR(1000) NULL,
    ADD COLUMN `ratedAt` DATETIME(3) NULL;
