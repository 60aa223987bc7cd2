-- AlterTable
ALTER TABLE "IntelEntity" ADD COLUMN     "searchWords" JSONB,
ADD COLUMN     "searchable" JSONB;

-- CreateIndex
CREATE INDEX "IntelEntity_searchable_idx" ON "IntelEntity" USING GIN ("searchable" jsonb_path_ops);
