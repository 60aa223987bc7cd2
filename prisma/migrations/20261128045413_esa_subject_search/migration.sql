-- A lowercased copy of the subject, so the AsyncOS subject filter "is" and the email_subject observable are one
-- indexed equality instead of a case-insensitive scan. Existing rows are filled from their subject.
ALTER TABLE "TrackedMessage" ADD COLUMN "subjectSearch" TEXT NOT NULL DEFAULT '';
UPDATE "TrackedMessage" SET "subjectSearch" = lower("subject");
ALTER TABLE "TrackedMessage" ALTER COLUMN "subjectSearch" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "TrackedMessage_applianceId_subjectSearch_idx" ON "TrackedMessage"("applianceId", "subjectSearch");
