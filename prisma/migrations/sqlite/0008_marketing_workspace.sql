-- AlterTable
ALTER TABLE "Interaction" ADD COLUMN "scriptKey" TEXT;
ALTER TABLE "Interaction" ADD COLUMN "scriptVersion" INTEGER;

-- AlterTable
ALTER TABLE "CrossSellRule" ADD COLUMN "validFrom" DATETIME;
ALTER TABLE "CrossSellRule" ADD COLUMN "validTo" DATETIME;

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scriptKey" TEXT,
    "variantA" TEXT NOT NULL,
    "variantB" TEXT NOT NULL,
    "shareA" INTEGER NOT NULL DEFAULT 50,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "startedAt" DATETIME,
    "stoppedAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ExperimentAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "experimentId" TEXT NOT NULL,
    "interactionId" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExperimentAssignment_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExperimentAssignment_interactionId_fkey" FOREIGN KEY ("interactionId") REFERENCES "Interaction" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (edited: prisma migrate diff redefines "CallScript" (copy, DROP, rename); SQLite
-- adds columns with constant defaults in place, to the same schema, see 0007.)
ALTER TABLE "CallScript" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'published';
ALTER TABLE "CallScript" ADD COLUMN "publishedAt" DATETIME;
ALTER TABLE "CallScript" ADD COLUMN "publishedById" TEXT;
ALTER TABLE "CallScript" ADD COLUMN "audience" JSONB;
ALTER TABLE "CallScript" ADD COLUMN "campaign" TEXT;

-- CreateIndex
CREATE INDEX "ExperimentAssignment_experimentId_variant_idx" ON "ExperimentAssignment"("experimentId", "variant");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentAssignment_experimentId_interactionId_key" ON "ExperimentAssignment"("experimentId", "interactionId");


-- Versions stored before drafts existed were live from the moment they were saved.
UPDATE "CallScript" SET "publishedAt" = "createdAt" WHERE "publishedAt" IS NULL;
