-- CreateTable
CREATE TABLE "IrohOrg" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IrohOrg_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IrohUser" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IrohUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiClient" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IrohSigningKey" (
    "kid" TEXT NOT NULL,
    "privateKeyPem" TEXT NOT NULL,
    "publicKeyPem" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IrohSigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "ModuleType" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModuleType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModuleInstance" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "moduleTypeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "visibility" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "externalReferences" JSONB,
    "parentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModuleInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntelJudgement" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "moduleInstanceId" TEXT,
    "origin" TEXT NOT NULL,
    "observableType" TEXT NOT NULL,
    "observableValue" TEXT NOT NULL,
    "disposition" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL,
    "confidence" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "reason" TEXT,
    "source" TEXT,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntelJudgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationToken" (
    "token" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "deviceId" TEXT,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "RegistrationToken_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "callbackUrl" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "lastHeartbeatAt" TIMESTAMP(3),

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CloudServiceSetting" (
    "orgId" TEXT NOT NULL,
    "threatResponseEnabled" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CloudServiceSetting_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "DeviceEvent" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "deviceName" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeviceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLogEntry" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "orgId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "AuditLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IrohUser_orgId_idx" ON "IrohUser"("orgId");

-- CreateIndex
CREATE INDEX "ApiClient_orgId_idx" ON "ApiClient"("orgId");

-- CreateIndex
CREATE INDEX "ModuleType_orgId_idx" ON "ModuleType"("orgId");

-- CreateIndex
CREATE INDEX "ModuleInstance_orgId_moduleTypeId_idx" ON "ModuleInstance"("orgId", "moduleTypeId");

-- CreateIndex
CREATE INDEX "IntelJudgement_orgId_observableType_observableValue_idx" ON "IntelJudgement"("orgId", "observableType", "observableValue");

-- CreateIndex
CREATE INDEX "RegistrationToken_orgId_createdAt_idx" ON "RegistrationToken"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "RegistrationToken_batchId_idx" ON "RegistrationToken"("batchId");

-- CreateIndex
CREATE INDEX "Device_orgId_name_idx" ON "Device"("orgId", "name");

-- CreateIndex
CREATE INDEX "DeviceEvent_orgId_seq_idx" ON "DeviceEvent"("orgId", "seq");

-- CreateIndex
CREATE INDEX "AuditLogEntry_orgId_seq_idx" ON "AuditLogEntry"("orgId", "seq");
