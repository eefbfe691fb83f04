-- AlterTable
ALTER TABLE "threat_lists" ADD COLUMN     "refreshError" TEXT,
ADD COLUMN     "refreshedAt" TIMESTAMP(3);
