-- CreateTable
CREATE TABLE "IntelEntity" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "externalIds" TEXT[],
    "observables" TEXT[],
    "timestamp" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "modifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntelEntity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IntelEntity_orgId_type_timestamp_idx" ON "IntelEntity"("orgId", "type", "timestamp");

-- CreateIndex
CREATE INDEX "IntelEntity_externalIds_idx" ON "IntelEntity" USING GIN ("externalIds");

-- CreateIndex
CREATE INDEX "IntelEntity_observables_idx" ON "IntelEntity" USING GIN ("observables");
