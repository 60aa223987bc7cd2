-- CTR NAM: the Private Intelligence module type takes the id of the Cisco cloud, and stored instances follow it
UPDATE "ModuleInstance" SET "moduleTypeId" = '2c8b4134-c521-5be5-aaf8-af06e5e27cbb' WHERE "moduleTypeId" = 'eb5a43b1-543e-5d5e-a92b-780f578a204a';
