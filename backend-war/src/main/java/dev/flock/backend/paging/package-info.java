/**
 * Paging shared by every list: a bounded page size and an opaque cursor. A cursor is the key of the
 * last item of the previous page, so a page stays stable while new items arrive.
 */
package dev.flock.backend.paging;
