-- CreateTable
CREATE TABLE "EsaConfigEntry" (
    "applianceId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EsaConfigEntry_pkey" PRIMARY KEY ("applianceId","kind","name")
);

-- CreateIndex
CREATE INDEX "EsaConfigEntry_orgId_idx" ON "EsaConfigEntry"("orgId");

-- AddForeignKey
ALTER TABLE "EsaConfigEntry" ADD CONSTRAINT "EsaConfigEntry_applianceId_fkey" FOREIGN KEY ("applianceId") REFERENCES "EsaAppliance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
