-- CreateTable
CREATE TABLE "MockFault" (
    "id" TEXT NOT NULL,
    "position" SERIAL NOT NULL,
    "method" TEXT,
    "pathPattern" TEXT NOT NULL,
    "org" TEXT,
    "region" TEXT,
    "actionType" TEXT NOT NULL,
    "status" INTEGER,
    "body" JSONB,
    "delayMs" INTEGER,
    "probability" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "seed" INTEGER,
    "evaluations" INTEGER NOT NULL DEFAULT 0,
    "remaining" INTEGER,
    "fired" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MockFault_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MockClock" (
    "scope" TEXT NOT NULL,
    "offsetMs" BIGINT NOT NULL DEFAULT 0,
    "frozenAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MockClock_pkey" PRIMARY KEY ("scope")
);

-- CreateIndex
CREATE INDEX "MockFault_position_idx" ON "MockFault"("position");
