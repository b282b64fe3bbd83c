/* Filters that update part of a page keep the address bar in step without reloading the page:
   the query string is rewritten in place (history.replaceState), so the link can be shared and a
   reload shows the same view. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.gevinst = {
    setQuery: function (round, scheme) {
        const params = new URLSearchParams(window.location.search);
        if (round) { params.set("runde", round); } else { params.delete("runde"); }
        if (scheme) { params.set("ordning", scheme); }
        const query = params.toString();
        window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : ""));
        return query;
    }
};
