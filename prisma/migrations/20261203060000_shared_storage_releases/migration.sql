-- Uploaded bytes in the database, for N nodes on MySQL without an object store.
CREATE TABLE `StoredFile` (
    `key` VARCHAR(32) NOT NULL,
    `size` INTEGER NOT NULL DEFAULT 0,
    `chunks` INTEGER NOT NULL DEFAULT 0,
    `complete` BOOLEAN NOT NULL DEFAULT false,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `StoredFile_complete_createdAt_idx`(`complete`, `createdAt`),
    PRIMARY KEY (`key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `StoredFileChunk` (
    `key` VARCHAR(32) NOT NULL,
    `index` INTEGER NOT NULL,
    `data` MEDIUMBLOB NOT NULL,

    PRIMARY KEY (`key`, `index`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Canary releases of the widget's panel.
CREATE TABLE `WidgetRelease` (
    `id` VARCHAR(16) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `percent` INTEGER NOT NULL DEFAULT 0,
    `script` VARCHAR(64) NOT NULL,
    `stylesheet` VARCHAR(64) NOT NULL,
    `builtAt` DATETIME(3) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `promotedAt` DATETIME(3) NULL,
    `rolledBackAt` DATETIME(3) NULL,
    `rollbackReason` VARCHAR(300) NULL,
    `version` INTEGER NOT NULL DEFAULT 0,

    INDEX `WidgetRelease_status_idx`(`status`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `WidgetReleaseDevice` (
    `releaseId` VARCHAR(16) NOT NULL,
    `deviceHash` VARCHAR(32) NOT NULL,
    `failed` BOOLEAN NOT NULL DEFAULT false,
    `firstSeen` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `WidgetReleaseDevice_releaseId_failed_idx`(`releaseId`, `failed`),
    PRIMARY KEY (`releaseId`, `deviceHash`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
