-- AlterTable
ALTER TABLE "Queue" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "dispositions" JSONB,
ADD COLUMN     "musicOnHoldId" TEXT,
ADD COLUMN     "serviceLevelTarget" INTEGER NOT NULL DEFAULT 80;

-- CreateTable
CREATE TABLE "AudioAsset" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "sampleRate" INTEGER NOT NULL DEFAULT 8000,
    "durationMs" INTEGER NOT NULL,
    "pcm" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AudioAsset_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Queue" ADD CONSTRAINT "Queue_musicOnHoldId_fkey" FOREIGN KEY ("musicOnHoldId") REFERENCES "AudioAsset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

