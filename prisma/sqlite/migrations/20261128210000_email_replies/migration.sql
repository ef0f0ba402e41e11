-- CreateTable
CREATE TABLE "EmailReply" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "dueAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailReply_messageId_key" ON "EmailReply"("messageId");

-- CreateIndex
CREATE INDEX "EmailReply_status_dueAt_idx" ON "EmailReply"("status", "dueAt");

-- CreateIndex
CREATE INDEX "EmailReply_organizationId_idx" ON "EmailReply"("organizationId");
