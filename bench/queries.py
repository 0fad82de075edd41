"""The GraphQL documents the API benchmark posts: what front ends really ask for."""

from typing import Final

FULL_360: Final = """
query Customer360($id: ID!) {
  customer(id: $id) {
    fullName age city occupation
    household { name }
    family { relation fullName age schooling }
    holdings { productName category role coHolderIds balance { minorUnits currency } status }
    lifestyle {
      total { assetsMinor liabilitiesMinor debtRatio monthlyCashflowMinor currency }
      byProduct { category balance { minorUnits } monthlyFlow { minorUnits } }
    }
    usageTrends { service accountId points { month count amountMinor } }
    serviceExcellence { interactions resolved meanTurnaroundMinutes satisfactionScore smiley }
    contactPreferences { channel best responseRate }
    cases { id category stage daysOpen }
    feedback { kind score touchpoint }
    needs { kind evidence }
    opportunities { productName script }
  }
}
"""

CC_BILLING: Final = """
query BillingCall($id: ID!) {
  view(customerId: $id, channel: CONTACT_CENTER, intent: BILLING) {
    ... on ViewFrame {
      panes { kind reason }
      replyChannel
      contactHistory { at channel intent outcome matchesIntent }
      openCases { id category stage daysOpen }
      nextBestAction { productName script }
    }
    ... on ContactCenterView {
      caller { fullName age phone }
      serviceExcellence { satisfactionScore smiley }
      usageTrends { service points { month count } }
    }
  }
}
"""

# A relationship manager's list: twenty customers, each with the panes of a summary card.
CUSTOMER_PAGE: Final = """
query Page($city: String) {
  customers(filter: { city: $city }, first: 20) {
    totalCount
    edges { node {
      fullName age
      family { relation fullName age }
      holdings { productName role balance { minorUnits } }
      serviceExcellence { satisfactionScore smiley }
      contactPreferences { channel best }
      cases { category stage }
    } }
  }
}
"""

SEGMENT_PREVIEW: Final = """
query Preview($city: String, $minAge: Int) {
  segmentPreview(filter: { city: $city, minAge: $minAge }) {
    count
    ageBands { label customers }
    tiers { label customers }
    productPenetration { productId holders share averageBalance { minorUnits } }
    nps npsAnswers
    preferredChannels { label customers }
    sample { id fullName }
  }
}
"""
