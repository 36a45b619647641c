-- Per-invoice ordering: a delivery that waits for the previous delivery of the same invoice to the
-- same endpoint. Added alone: a new enum value can only be used once its transaction has committed.
ALTER TYPE "DeliveryStatus" ADD VALUE 'waiting';
