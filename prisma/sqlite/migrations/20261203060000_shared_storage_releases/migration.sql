-- Uploaded bytes in the database (used on SQLite only when chosen explicitly; the embedded default is the disk).
CREATE TABLE "StoredFile" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "size" INTEGER NOT NULL DEFAULT 0,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "StoredFile_complete_createdAt_idx" ON "StoredFile"("complete", "createdAt");

CREATE TABLE "StoredFileChunk" (
    "key" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("key", "index")
);

-- Canary releases of the widget's panel.
CREATE TABLE "WidgetRelease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "percent" INTEGER NOT NULL DEFAULT 0,
    "script" TEXT NOT NULL,
    "stylesheet" TEXT NOT NULL,
    "builtAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promotedAt" DATETIME,
    "rolledBackAt" DATETIME,
    "rollbackReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX "WidgetRelease_status_idx" ON "WidgetRelease"("status");

CREATE TABLE "WidgetReleaseDevice" (
    "releaseId" TEXT NOT NULL,
    "deviceHash" TEXT NOT NULL,
    "failed" BOOLEAN NOT NULL DEFAULT false,
    "firstSeen" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("releaseId", "deviceHash")
);
CREATE INDEX "WidgetReleaseDevice_releaseId_failed_idx" ON "WidgetReleaseDevice"("releaseId", "failed");
