-- AlterEnum
ALTER TYPE "ApiChangeKind" ADD VALUE 'NEW_SENSITIVE_DATA';

-- AlterTable
ALTER TABLE "api_endpoints" ADD COLUMN     "sensitiveTypes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- What sensitive data each event carried, as "type:where" codes (the values themselves are not kept).
ALTER TABLE telemetry.events ADD COLUMN sensitive text[];
