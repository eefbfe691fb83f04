-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "progressAt" TIMESTAMP(3),
ADD COLUMN     "recoveries" INTEGER NOT NULL DEFAULT 0;
