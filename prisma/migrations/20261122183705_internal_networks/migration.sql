-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "internalCidrs" TEXT[] DEFAULT ARRAY[]::TEXT[];
