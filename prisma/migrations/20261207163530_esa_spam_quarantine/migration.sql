-- CreateTable
CREATE TABLE "QuarantineListEntry" (
    "applianceId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "list" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuarantineListEntry_pkey" PRIMARY KEY ("applianceId","list","recipient","sender")
);

-- CreateTable
CREATE TABLE "SpamQuarantineMessage" (
    "applianceId" TEXT NOT NULL,
    "mid" INTEGER NOT NULL,
    "orgId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "toHeader" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "quarantinedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpamQuarantineMessage_pkey" PRIMARY KEY ("applianceId","mid")
);

-- CreateIndex
CREATE INDEX "QuarantineListEntry_orgId_idx" ON "QuarantineListEntry"("orgId");

-- CreateIndex
CREATE INDEX "SpamQuarantineMessage_orgId_idx" ON "SpamQuarantineMessage"("orgId");

-- AddForeignKey
ALTER TABLE "QuarantineListEntry" ADD CONSTRAINT "QuarantineListEntry_applianceId_fkey" FOREIGN KEY ("applianceId") REFERENCES "EsaAppliance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpamQuarantineMessage" ADD CONSTRAINT "SpamQuarantineMessage_applianceId_mid_fkey" FOREIGN KEY ("applianceId", "mid") REFERENCES "TrackedMessage"("applianceId", "mid") ON DELETE CASCADE ON UPDATE CASCADE;
