-- AlterTable
ALTER TABLE `Site` ADD COLUMN `identitySecret` VARCHAR(128) NULL;

-- AlterTable
ALTER TABLE `Visitor` ADD COLUMN `attributes` JSON NULL,
    ADD COLUMN `avatarUrl` VARCHAR(2048) NULL,
    ADD COLUMN `externalId` VARCHAR(120) NULL,
    ADD COLUMN `identityVerified` BOOLEAN NOT NULL DEFAULT false;
