-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "snoozedUntil" DATETIME;

-- CreateTable
CREATE TABLE "CannedResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "ownerId" TEXT,
    "shortcut" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "VisitorBlock" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "ip" TEXT,
    "reason" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "CannedResponse_organizationId_ownerId_idx" ON "CannedResponse"("organizationId", "ownerId");

-- CreateIndex
CREATE INDEX "VisitorBlock_organizationId_siteId_deviceId_idx" ON "VisitorBlock"("organizationId", "siteId", "deviceId");

-- CreateIndex
CREATE INDEX "VisitorBlock_organizationId_ip_idx" ON "VisitorBlock"("organizationId", "ip");
