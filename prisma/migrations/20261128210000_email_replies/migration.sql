-- CreateTable
CREATE TABLE `EmailReply` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `conversationId` VARCHAR(30) NOT NULL,
    `messageId` VARCHAR(30) NOT NULL,
    `toAddress` VARCHAR(254) NOT NULL,
    `status` VARCHAR(16) NOT NULL DEFAULT 'pending',
    `attempts` INTEGER NOT NULL DEFAULT 0,
    `dueAt` DATETIME(3) NOT NULL,
    `sentAt` DATETIME(3) NULL,
    `lastError` VARCHAR(500) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `EmailReply_messageId_key`(`messageId`),
    INDEX `EmailReply_status_dueAt_idx`(`status`, `dueAt`),
    INDEX `EmailReply_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
