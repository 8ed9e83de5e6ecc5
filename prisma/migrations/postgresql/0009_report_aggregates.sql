-- CreateTable
CREATE TABLE "ReportDay" (
    "day" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "definitions" INTEGER NOT NULL,
    "shortAbandonSeconds" INTEGER NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportDay_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "ReportQueueDay" (
    "day" TEXT NOT NULL,
    "queueId" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "serviceLevelSeconds" INTEGER NOT NULL,
    "quarters" JSONB NOT NULL,

    CONSTRAINT "ReportQueueDay_pkey" PRIMARY KEY ("day","queueId","lineId")
);

-- CreateIndex
CREATE INDEX "AgentStateEvent_at_idx" ON "AgentStateEvent"("at");

