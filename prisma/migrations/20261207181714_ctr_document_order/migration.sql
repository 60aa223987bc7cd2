-- AlterTable
ALTER TABLE "IrohDocument" ADD COLUMN     "seq" SERIAL NOT NULL;
