-- AlterTable
ALTER TABLE `Organization` ADD COLUMN `defaultLanguage` VARCHAR(35) NOT NULL DEFAULT 'en',
    ADD COLUMN `timezone` VARCHAR(64) NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE `User` ADD COLUMN `deactivatedAt` DATETIME(3) NULL;

-- CreateTable
CREATE TABLE `Invitation` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `email` VARCHAR(254) NOT NULL,
    `role` ENUM('admin', 'agent') NOT NULL DEFAULT 'agent',
    `tokenHash` VARCHAR(64) NOT NULL,
    `invitedById` VARCHAR(30) NOT NULL,
    `expiresAt` DATETIME(3) NOT NULL,
    `acceptedAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `Invitation_tokenHash_key`(`tokenHash`),
    INDEX `Invitation_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
