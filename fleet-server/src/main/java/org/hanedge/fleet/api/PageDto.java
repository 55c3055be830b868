package org.hanedge.fleet.api;

import java.util.List;

/**
 * One page of a list answer.
 *
 * @param items the page's items
 * @param page  zero-based page number
 * @param size  requested page size
 * @param total number of items over all pages
 */
public record PageDto<T>(List<T> items, int page, int size, long total) {
    public PageDto {
        items = List.copyOf(items);
    }
}
