-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "discoveredLine" INTEGER NOT NULL DEFAULT 0;
