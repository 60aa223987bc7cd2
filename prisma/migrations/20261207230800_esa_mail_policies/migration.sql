-- AlterTable
ALTER TABLE "TrackedMessage" ADD COLUMN     "mailPolicies" TEXT[] DEFAULT ARRAY['DEFAULT']::TEXT[];
