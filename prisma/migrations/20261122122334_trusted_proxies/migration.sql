-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "trustedProxyCidrs" TEXT[] DEFAULT ARRAY[]::TEXT[];
