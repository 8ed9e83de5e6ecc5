-- CreateTable
CREATE TABLE "AudioAsset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "sampleRate" INTEGER NOT NULL DEFAULT 8000,
    "durationMs" INTEGER NOT NULL,
    "pcm" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable (edited: prisma migrate diff redefines "Queue" (copy, DROP, rename) here. The runner
-- applies a migration in one transaction, where PRAGMA foreign_keys=OFF does nothing, so that
-- DROP TABLE would cascade to QueueSkill and null every Line's, Interaction's, CallScript's and
-- CallbackRequest's queue. SQLite adds columns with constant defaults, and a reference with a
-- NULL default, in place, to the same schema.)
ALTER TABLE "Queue" ADD COLUMN "serviceLevelTarget" INTEGER NOT NULL DEFAULT 80;
ALTER TABLE "Queue" ADD COLUMN "dispositions" JSONB;
ALTER TABLE "Queue" ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Queue" ADD COLUMN "musicOnHoldId" TEXT REFERENCES "AudioAsset" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
