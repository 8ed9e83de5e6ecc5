-- CreateTable
CREATE TABLE "ReportDay" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "timeZone" TEXT NOT NULL,
    "definitions" INTEGER NOT NULL,
    "shortAbandonSeconds" INTEGER NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ReportQueueDay" (
    "day" TEXT NOT NULL,
    "queueId" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "serviceLevelSeconds" INTEGER NOT NULL,
    "quarters" JSONB NOT NULL,

    PRIMARY KEY ("day", "queueId", "lineId")
);

-- CreateIndex
CREATE INDEX "AgentStateEvent_at_idx" ON "AgentStateEvent"("at");

