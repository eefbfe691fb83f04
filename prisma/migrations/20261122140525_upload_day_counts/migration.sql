-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "dayCounts" JSONB NOT NULL DEFAULT '{}';
