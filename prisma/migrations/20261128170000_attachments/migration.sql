-- AlterTable
ALTER TABLE `Message` MODIFY `type` ENUM('text', 'image', 'file', 'voice', 'note', 'event', 'attachment') NOT NULL DEFAULT 'text';

-- CreateTable
CREATE TABLE `Attachment` (
    `id` VARCHAR(30) NOT NULL,
    `organizationId` VARCHAR(30) NOT NULL,
    `conversationId` VARCHAR(30) NOT NULL,
    `messageId` VARCHAR(30) NULL,
    `uploaderKind` ENUM('visitor', 'agent', 'bot', 'system') NOT NULL,
    `uploaderId` VARCHAR(30) NOT NULL,
    `storageKey` VARCHAR(64) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `size` INTEGER NOT NULL,
    `mime` VARCHAR(100) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `Attachment_storageKey_key`(`storageKey`),
    INDEX `Attachment_organizationId_idx`(`organizationId`),
    INDEX `Attachment_conversationId_idx`(`conversationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Attachment` ADD CONSTRAINT `Attachment_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Attachment` ADD CONSTRAINT `Attachment_conversationId_fkey` FOREIGN KEY (`conversationId`) REFERENCES `Conversation`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
