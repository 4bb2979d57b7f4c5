-- reporting.mart_ad_spend_return: ad cost against attributed return, per model, month, channel, campaign
select * from reporting.mart_ad_spend_return
