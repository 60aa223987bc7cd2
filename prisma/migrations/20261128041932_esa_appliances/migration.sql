-- CreateTable
CREATE TABLE "EsaAppliance" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "asyncosVersion" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "ipAddress" TEXT NOT NULL,
    "adminUser" TEXT NOT NULL,
    "adminCredential" TEXT NOT NULL,
    "smtpCredential" TEXT NOT NULL,
    "apiTokenSecret" TEXT NOT NULL,
    "nextMid" INTEGER NOT NULL DEFAULT 1,
    "nextIcid" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EsaAppliance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EsaCloudServiceSettings" (
    "applianceId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "serverLabel" TEXT,
    "hasPendingChanges" BOOLEAN NOT NULL DEFAULT false,
    "pendingEnabled" BOOLEAN NOT NULL DEFAULT false,
    "pendingServerLabel" TEXT,
    "committedAt" TIMESTAMP(3),
    "commitComment" TEXT,
    "busyUntil" TIMESTAMP(3),
    "registrationStatus" TEXT NOT NULL DEFAULT 'NONE',
    "registrationToken" TEXT,
    "registrationServerLabel" TEXT,
    "registrationRequestedAt" TIMESTAMP(3),
    "registrationAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastRegistrationError" TEXT,
    "deviceId" TEXT,
    "deviceSecret" TEXT,
    "deviceRegion" TEXT,
    "heartbeatIntervalSeconds" INTEGER,
    "registeredAt" TIMESTAMP(3),
    "lastHeartbeatAt" TIMESTAMP(3),
    "lastHeartbeatError" TEXT,

    CONSTRAINT "EsaCloudServiceSettings_pkey" PRIMARY KEY ("applianceId")
);

-- CreateTable
CREATE TABLE "TrackedMessage" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "applianceId" TEXT NOT NULL,
    "mid" INTEGER NOT NULL,
    "icid" INTEGER NOT NULL,
    "direction" TEXT NOT NULL,
    "senderIp" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "senderSearch" TEXT NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "recipients" TEXT[],
    "recipientsSearch" TEXT NOT NULL,
    "fromHeader" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "replyTo" TEXT,
    "subject" TEXT NOT NULL,
    "messageIdHeader" TEXT NOT NULL,
    "messageIdSearch" TEXT NOT NULL,
    "attachments" JSONB NOT NULL,
    "attachmentNamesSearch" TEXT NOT NULL,
    "attachmentSha256s" TEXT[],
    "size" INTEGER NOT NULL,
    "deliveryStatus" TEXT NOT NULL,
    "lastState" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrackedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EsaAppliance_adminCredential_key" ON "EsaAppliance"("adminCredential");

-- CreateIndex
CREATE UNIQUE INDEX "EsaAppliance_smtpCredential_key" ON "EsaAppliance"("smtpCredential");

-- CreateIndex
CREATE INDEX "EsaAppliance_orgId_idx" ON "EsaAppliance"("orgId");

-- CreateIndex
CREATE INDEX "EsaCloudServiceSettings_orgId_idx" ON "EsaCloudServiceSettings"("orgId");

-- CreateIndex
CREATE INDEX "EsaCloudServiceSettings_registrationStatus_idx" ON "EsaCloudServiceSettings"("registrationStatus");

-- CreateIndex
CREATE INDEX "TrackedMessage_applianceId_timestamp_idx" ON "TrackedMessage"("applianceId", "timestamp");

-- CreateIndex
CREATE INDEX "TrackedMessage_orgId_idx" ON "TrackedMessage"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "TrackedMessage_applianceId_mid_key" ON "TrackedMessage"("applianceId", "mid");

-- AddForeignKey
ALTER TABLE "EsaCloudServiceSettings" ADD CONSTRAINT "EsaCloudServiceSettings_applianceId_fkey" FOREIGN KEY ("applianceId") REFERENCES "EsaAppliance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackedMessage" ADD CONSTRAINT "TrackedMessage_applianceId_fkey" FOREIGN KEY ("applianceId") REFERENCES "EsaAppliance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
