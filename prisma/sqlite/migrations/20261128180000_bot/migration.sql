-- AlterTable
-- Columns are added in place rather than by a table rebuild, so migrations of other features that also add
-- Conversation columns stay independent of this one.
ALTER TABLE "Conversation" ADD COLUMN "botTurns" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Conversation" ADD COLUMN "botLowTurns" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Conversation" ADD COLUMN "handoffReason" TEXT;
ALTER TABLE "Conversation" ADD COLUMN "handedOffAt" DATETIME;

-- CreateTable
CREATE TABLE "BotConfig" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'off',
    "name" TEXT NOT NULL,
    "avatarUrl" TEXT,
    "settings" JSONB,
    "llmBaseUrl" TEXT,
    "llmModel" TEXT,
    "llmApiKey" TEXT,
    "llmTemperature" REAL NOT NULL DEFAULT 0.3,
    "llmMaxTokens" INTEGER NOT NULL DEFAULT 512,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BotFaq" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "questions" JSONB NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BotDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BotUsage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT,
    "conversationId" TEXT,
    "kind" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "BotConfig_siteId_key" ON "BotConfig"("siteId");

-- CreateIndex
CREATE INDEX "BotConfig_organizationId_idx" ON "BotConfig"("organizationId");

-- CreateIndex
CREATE INDEX "BotFaq_organizationId_siteId_idx" ON "BotFaq"("organizationId", "siteId");

-- CreateIndex
CREATE INDEX "BotDocument_organizationId_siteId_idx" ON "BotDocument"("organizationId", "siteId");

-- CreateIndex
CREATE INDEX "BotUsage_organizationId_createdAt_idx" ON "BotUsage"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "BotUsage_conversationId_idx" ON "BotUsage"("conversationId");
