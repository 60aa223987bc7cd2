-- AlterTable
ALTER TABLE "TrackedMessage" ADD COLUMN     "spamVerdict" TEXT;
