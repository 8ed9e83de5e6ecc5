-- AlterTable
ALTER TABLE "Trunk" ADD COLUMN "outboundCallsPerHour" INTEGER;

-- CreateTable
CREATE TABLE "OutboundDialRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "agentId" TEXT,
    "team" TEXT,
    "trunkId" TEXT,
    "action" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OutboundDialRule_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboundDialRule_trunkId_fkey" FOREIGN KEY ("trunkId") REFERENCES "Trunk" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboundUsage" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL,

    PRIMARY KEY ("scope", "key", "hour")
);

-- CreateTable
CREATE TABLE "OutboundRefusal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "agentId" TEXT,
    "extension" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "e164" TEXT,
    "reason" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trunkName" TEXT,
    "ruleId" TEXT,
    "rulePattern" TEXT,
    "callId" TEXT,
    CONSTRAINT "OutboundRefusal_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- AlterTable (edited: prisma migrate diff redefines "Agent" (copy, DROP, rename) here. The runner
-- applies a migration in one transaction, where PRAGMA foreign_keys=OFF does nothing, so that
-- DROP TABLE would cascade to AgentSkill and AgentStateEvent and null Interaction.agentId. SQLite
-- adds a NOT NULL column with a constant default in place, to the same schema.)
ALTER TABLE "Agent" ADD COLUMN "mayDialOut" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Agent" ADD COLUMN "outboundCallsPerHour" INTEGER;

-- CreateIndex
CREATE INDEX "OutboundDialRule_agentId_idx" ON "OutboundDialRule"("agentId");

-- CreateIndex
CREATE INDEX "OutboundDialRule_team_idx" ON "OutboundDialRule"("team");

-- CreateIndex
CREATE INDEX "OutboundDialRule_trunkId_idx" ON "OutboundDialRule"("trunkId");

-- CreateIndex
CREATE INDEX "OutboundUsage_hour_idx" ON "OutboundUsage"("hour");

-- CreateIndex
CREATE INDEX "OutboundRefusal_at_idx" ON "OutboundRefusal"("at");

-- CreateIndex
CREATE INDEX "OutboundRefusal_agentId_at_idx" ON "OutboundRefusal"("agentId", "at");

-- CreateIndex
CREATE INDEX "OutboundRefusal_reason_at_idx" ON "OutboundRefusal"("reason", "at");

