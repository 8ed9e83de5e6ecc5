-- CreateTable
CREATE TABLE "Registration" (
    "aor" TEXT NOT NULL,
    "bindingKey" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "q" DOUBLE PRECISION NOT NULL DEFAULT 1,
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
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("aor","bindingKey")
);

-- CreateIndex
CREATE INDEX "Registration_expiresAt_idx" ON "Registration"("expiresAt");

