"""One selector per list of the start pages. Each returns a page of a paginated list in a constant number of
queries (a count and the page, plus a fixed number of reads for what the rows show); deceased patients are on no
list. Nothing here decides anything clinical: alerts and items come from `zorgpad.pathway.selectors`, due dates
and statuses from the apps that store them."""
