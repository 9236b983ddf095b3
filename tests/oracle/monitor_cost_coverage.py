"""Coverage of the monitor's cost a day when a miss costs its own amount: an
independent numpy/scipy port of the simulation in src/model/monitoring/costs/tests.rs
(14 days, 10 % positives scored sqrt(u) / 1 - (1 - u)^(1/6), threshold 0.5, a
false alarm and a catch 5, a miss its lognormal(4, sigma) amount, flagged cases
audited at 30 %) and of the estimator of src/stats/audit_costs.rs (group means,
linearised variance with the finite-population correction, log-scale range with
t on k - 1 df). Prints, per configuration, the share of periods and of weeks whose
range covers the realised cost.

Run: target/venv/bin/python tests/oracle/monitor_cost_coverage.py
"""
import numpy as np, math, sys
from scipy import stats
def run(sigma, per_day, shares, reps=1000, days=14, seed=1):
    rng=np.random.default_rng(seed)
    n=days*per_day
    hit=0; whits=0; wn=0; ks=[]
    for r in range(reps):
        pos=rng.random(n)<0.1
        u=rng.random(n)
        s=np.where(pos, np.sqrt(u), 1-(1-u)**(1/6))
        amt=np.exp(4+sigma*rng.standard_normal(n))
        f=s>=0.5
        aud=rng.random(n)<np.where(f,shares[0],shares[1])
        cost=np.where(f,5.0,np.where(pos,amt,0.0))
        def est(idx):
            F=f[idx]; A=aud[idx]; C=cost[idx]; P=pos[idx]
            exact=unc=var=0.0
            for g in (True,False):
                N=(F==g).sum(); z=C[(F==g)&A]; k=len(z)
                if N==0: continue
                if k==0: return None
                m=z.mean(); v=N*N*(1-k/N)*(z.var(ddof=1) if k>1 else 0)/k
                if v>0: unc+=N*m; var+=v
                elif g: exact+=N*m
                else: return None
            kk=int(((~F)&A&P).sum())
            if var<=0: return (exact+unc,)*2
            q=stats.t.ppf(0.975,max(kk,2)-1)
            sp=q*math.sqrt(math.log(1+var/unc**2))
            return exact+unc*math.exp(-sp), exact+unc*math.exp(sp)
        e=est(np.arange(n)); t=cost.sum()
        hit+= e is not None and e[0]<=t<=e[1]
        for w in range(days//7):
            idx=np.arange(w*7*per_day,(w+1)*7*per_day)
            e=est(idx); t=cost[idx].sum(); wn+=1
            whits+= e is not None and e[0]<=t<=e[1]
    return hit/reps, whits/wn
for cfg in [(0.5,250,(0.3,0.2)),(1.0,250,(0.3,0.2)),(1.5,250,(0.3,0.2)),(1.0,1000,(0.3,0.5)),(1.5,1000,(0.3,0.5))]:
    print(cfg, run(*cfg), flush=True)
