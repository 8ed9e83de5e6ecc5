-- CreateTable
CREATE TABLE "Registration" (
    "aor" TEXT NOT NULL,
    "bindingKey" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "q" REAL NOT NULL DEFAULT 1,
    "transport" TEXT NOT NULL,
    "sourceAddress" TEXT NOT NULL,
    "sourcePort" INTEGER NOT NULL,
    "localAddress" TEXT,
    "localPort" INTEGER,
    "connectionId" TEXT,
    "callId" TEXT NOT NULL,
    "cseq" INTEGER NOT NULL,
    "instanceId" TEXT,
    "regId" INTEGER,
    "userAgent" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("aor", "bindingKey")
);

-- CreateIndex
CREATE INDEX "Registration_expiresAt_idx" ON "Registration"("expiresAt");

