-- AlterTable
ALTER TABLE `Conversation` ADD COLUMN `snoozedUntil` DATETIME(3) NULL;

-- CreateTable
CREATE TABLE `CannedResponse` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `ownerId` VARCHAR(30) NULL,
    `shortcut` VARCHAR(40) NOT NULL,
    `title` VARCHAR(120) NOT NULL,
    `body` TEXT NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `CannedResponse_organizationId_ownerId_idx`(`organizationId`, `ownerId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `VisitorBlock` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `siteId` VARCHAR(30) NOT NULL,
    `deviceId` VARCHAR(64) NOT NULL,
    `ip` VARCHAR(45) NULL,
    `reason` VARCHAR(200) NULL,
    `createdById` VARCHAR(30) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `VisitorBlock_organizationId_siteId_deviceId_idx`(`organizationId`, `siteId`, `deviceId`),
    INDEX `VisitorBlock_organizationId_ip_idx`(`organizationId`, `ip`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
