-- CreateTable
CREATE TABLE "IrohDocument" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IrohDocument_pkey" PRIMARY KEY ("kind","id")
);

-- CreateIndex
CREATE INDEX "IrohDocument_orgId_kind_idx" ON "IrohDocument"("orgId", "kind");
