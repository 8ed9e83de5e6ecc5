-- AlterTable
ALTER TABLE "Interaction" ADD COLUMN     "scriptKey" TEXT,
ADD COLUMN     "scriptVersion" INTEGER;

-- AlterTable
ALTER TABLE "CallScript" ADD COLUMN     "audience" JSONB,
ADD COLUMN     "campaign" TEXT,
ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "publishedById" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'published';

-- AlterTable
ALTER TABLE "CrossSellRule" ADD COLUMN     "validFrom" TIMESTAMP(3),
ADD COLUMN     "validTo" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scriptKey" TEXT,
    "variantA" TEXT NOT NULL,
    "variantB" TEXT NOT NULL,
    "shareA" INTEGER NOT NULL DEFAULT 50,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "startedAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentAssignment" (
    "id" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "interactionId" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperimentAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExperimentAssignment_experimentId_variant_idx" ON "ExperimentAssignment"("experimentId", "variant");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentAssignment_experimentId_interactionId_key" ON "ExperimentAssignment"("experimentId", "interactionId");

-- AddForeignKey
ALTER TABLE "ExperimentAssignment" ADD CONSTRAINT "ExperimentAssignment_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentAssignment" ADD CONSTRAINT "ExperimentAssignment_interactionId_fkey" FOREIGN KEY ("interactionId") REFERENCES "Interaction"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Versions stored before drafts existed were live from the moment they were saved.
UPDATE "CallScript" SET "publishedAt" = "createdAt" WHERE "publishedAt" IS NULL;
