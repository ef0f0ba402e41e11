-- AlterTable
ALTER TABLE `Conversation` ADD COLUMN `botTurns` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `botLowTurns` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `handoffReason` VARCHAR(32) NULL,
    ADD COLUMN `handedOffAt` DATETIME(3) NULL;

-- CreateTable
CREATE TABLE `BotConfig` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `siteId` VARCHAR(30) NOT NULL,
    `mode` VARCHAR(8) NOT NULL DEFAULT 'off',
    `name` VARCHAR(80) NOT NULL,
    `avatarUrl` VARCHAR(2048) NULL,
    `settings` JSON NULL,
    `llmBaseUrl` VARCHAR(2048) NULL,
    `llmModel` VARCHAR(120) NULL,
    `llmApiKey` TEXT NULL,
    `llmTemperature` DOUBLE NOT NULL DEFAULT 0.3,
    `llmMaxTokens` INTEGER NOT NULL DEFAULT 512,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `BotConfig_siteId_key`(`siteId`),
    INDEX `BotConfig_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BotFaq` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `siteId` VARCHAR(30) NOT NULL,
    `questions` JSON NOT NULL,
    `answer` TEXT NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `BotFaq_organizationId_siteId_idx`(`organizationId`, `siteId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BotDocument` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `siteId` VARCHAR(30) NOT NULL,
    `title` VARCHAR(200) NOT NULL,
    `body` MEDIUMTEXT NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `BotDocument_organizationId_siteId_idx`(`organizationId`, `siteId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BotUsage` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `siteId` VARCHAR(30) NULL,
    `conversationId` VARCHAR(30) NULL,
    `kind` VARCHAR(16) NOT NULL,
    `promptTokens` INTEGER NOT NULL,
    `completionTokens` INTEGER NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `BotUsage_organizationId_createdAt_idx`(`organizationId`, `createdAt`),
    INDEX `BotUsage_conversationId_idx`(`conversationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
