/*
 * api/inventory.h - JSON read API of an organisation's inventory (issue 3):
 * GET /api/v1/o/:org/inventory, for a logged-in session with
 * A_INVENTORY_VIEW (route line in pages/inventory.h).
 */
#ifndef SKOLESEC_API_INVENTORY_H
#define SKOLESEC_API_INVENTORY_H

struct req;

void api_inventory(struct req *);

#endif
