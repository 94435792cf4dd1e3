//! ODataError messages → facts.
